#pragma once
// Puts a growing HLS ladder into a remote blob store while ffmpeg writes it, so a video is
// playable from every node within seconds even when the worker is another machine.
//
// The rule that keeps players safe: a file goes up only once a playlist names it (ffmpeg
// renames a segment into place before it lists it: hls_flags temp_file), and a playlist goes
// up only after every file it names. Rendition playlists go before master.m3u8, so the
// master never names a playlist the store does not have. Files are immutable once named,
// so each is uploaded once; playlists are uploaded again whenever they change.
//
// finish() publishes the finished tree with move_tree's guarantees, without sending again
// what sync() already sent: the rest of the files, then every playlist, then the prefix's
// blobs the tree does not hold are removed, and the local tree is consumed.
//
// Thread-safe: sync() may run from a timer and from the transcode's first-segments hook.
#include <map>
#include <mutex>
#include <set>
#include <string>

#include "blob/BlobStore.h"

namespace marquee::videos {

class LadderUploader {
 public:
  // `prefix` is the tree's key (videos/{id}/hls); `local_dir` the directory ffmpeg writes.
  LadderUploader(blob::BlobStore& blobs, std::string prefix, std::string local_dir);

  // Uploads what is safe to upload now. Returns how many files it sent.
  int sync();
  void finish();

 private:
  // Sends the files `playlist` names (relative to the tree) and then the playlist itself if
  // it changed. False when a named file is not there yet (the playlist waits).
  bool sync_playlist(const std::string& playlist, int& sent);
  void upload(const std::string& relative);

  std::mutex mutex_;
  blob::BlobStore& blobs_;
  std::string prefix_;
  std::string local_dir_;
  std::set<std::string> sent_;                     // immutable files already in the store
  std::map<std::string, std::string> playlists_;  // playlist → the content the store has
};

}  // namespace marquee::videos
