#include "studio/MusicLibrary.h"

#include <boost/json.hpp>

#include <filesystem>

#include "core/Error.h"
#include "core/Ids.h"
#include "core/UserText.h"
#include "media/ChildProcess.h"

namespace marquee::studio {
namespace {

struct AudioFacts {
  std::string format;
  std::int64_t duration_ms = 0;
};

// What ffprobe says of the file: its one audio stream's codec, and the duration.
AudioFacts probe_audio(const std::string& path) {
  media::ChildOptions options;
  options.timeout = std::chrono::seconds(30);
  options.max_stdout_bytes = 256 << 10;
  const auto result = media::run_child({"ffprobe", "-v", "error", "-protocol_whitelist", "file", "-show_entries",
                                        "format=format_name,duration:stream=codec_type,codec_name", "-of", "json",
                                        "file:" + path},
                                       options);
  auto refuse = [](const std::string& message) -> AudioFacts {
    throw Error(ErrorCode::unprocessable, message, {{"reason", "not_audio"}});
  };
  if (!result.succeeded()) return refuse("the file is not audio ffprobe can read");
  boost::system::error_code ec;
  const auto doc = boost::json::parse(result.stdout_data, ec);
  if (ec || !doc.is_object()) return refuse("the file is not audio ffprobe can read");
  const auto* streams = doc.as_object().if_contains("streams");
  const auto* format = doc.as_object().if_contains("format");
  if (!streams || !streams->is_array() || !format || !format->is_object()) return refuse("the file holds no audio");
  std::string codec;
  for (const auto& stream : streams->as_array()) {
    const auto* fields = stream.if_object();
    if (!fields) continue;
    const auto* type = fields->if_contains("codec_type");
    if (type && type->is_string() && type->as_string() == "video") return refuse("a music track must be audio alone");
    const auto* name = fields->if_contains("codec_name");
    if (type && type->is_string() && type->as_string() == "audio" && name && name->is_string()) {
      if (!codec.empty()) return refuse("a music track must have one audio stream");
      codec = name->as_string().c_str();
    }
  }
  if (codec.empty()) return refuse("the file holds no audio");
  AudioFacts facts;
  const std::string container(format->as_object().contains("format_name")
                                  ? format->as_object().at("format_name").as_string().c_str()
                                  : "");
  if (codec == "mp3" && container == "mp3") {
    facts.format = "mp3";
  } else if (codec == "aac" && (container == "aac" || container.find("mp4") != std::string::npos)) {
    facts.format = "aac";
  } else if (codec.starts_with("pcm_") && container == "wav") {
    facts.format = "wav";
  } else {
    throw Error(ErrorCode::unsupported_media_type, "a music track must be MP3, AAC or WAV (this is " + codec + ")");
  }
  const auto* duration = format->as_object().if_contains("duration");
  double seconds = 0;
  if (duration && duration->is_string()) {
    try {
      seconds = std::stod(std::string(duration->as_string()));
    } catch (const std::exception&) {
      seconds = 0;
    }
  }
  if (!(seconds > 0)) return refuse("the track's length cannot be told");
  facts.duration_ms = static_cast<std::int64_t>(seconds * 1000 + 0.5);
  return facts;
}

std::string extension_of(const std::string& format) {
  if (format == "aac") return "m4a";
  return format;
}

MusicTrack track_from(const db::Row& row) {
  return MusicTrack{row.str("id"), row.str("title"), row.str("artist"), row.i64("duration_ms"),
                    row.str("format"), row.i64("size_bytes"), row.i64("created_at")};
}

constexpr const char* kColumns = "id, title, artist, duration_ms, format, size_bytes, created_at";

}  // namespace

std::string music_key(const MusicTrack& track) { return "music/" + track.id + "." + extension_of(track.format); }

MusicLibrary::MusicLibrary(db::Database& db, blob::BlobStore& blobs, audit::AuditLog& audit, const Clock& clock,
                           MusicLimits limits)
    : db_(db), blobs_(blobs), audit_(audit), clock_(clock), limits_(limits) {}

MusicTrack MusicLibrary::add(const audit::Actor& admin, const std::string& file, const std::string& title,
                             const std::string& artist) {
  MusicTrack track;
  track.id = new_public_id();
  track.title = text::clean_name(title, "title", 200);
  track.artist = text::clean_name(artist, "artist", 200, text::Presence::optional);
  std::error_code ec;
  const auto size = std::filesystem::file_size(file, ec);
  if (ec) throw Error(ErrorCode::internal, "music: the upload is gone");
  if (size > limits_.max_bytes) {
    throw Error(ErrorCode::payload_too_large, "a music track may be at most " + std::to_string(limits_.max_bytes >> 20) + " MiB");
  }
  const AudioFacts facts = probe_audio(file);
  if (facts.duration_ms > limits_.max_duration_ms) {
    throw Error(ErrorCode::unprocessable, "a music track may be at most " + std::to_string(limits_.max_duration_ms / 60'000) +
                                              " minutes long", {{"reason", "too_long"}});
  }
  track.format = facts.format;
  track.duration_ms = facts.duration_ms;
  track.size_bytes = static_cast<std::int64_t>(size);
  track.created_at = clock_.now_ms();
  blobs_.move_file(music_key(track), file);
  try {
    db_.execute("INSERT INTO music_tracks (id, title, artist, duration_ms, format, size_bytes, created_by, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                {track.id, track.title, track.artist, track.duration_ms, track.format, track.size_bytes,
                 db::null_if_empty(admin.user_id.value_or("")), track.created_at});
  } catch (...) {
    blobs_.remove(music_key(track));
    throw;
  }
  audit_.record(admin, "music.add", "music_track", track.id, "{}",
                boost::json::serialize(boost::json::object{{"title", track.title}, {"artist", track.artist},
                                                           {"duration_ms", track.duration_ms}}));
  return track;
}

std::vector<MusicTrack> MusicLibrary::list() {
  std::vector<MusicTrack> tracks;
  for (auto row : db_.query(std::string("SELECT ") + kColumns + " FROM music_tracks ORDER BY title, id")) {
    tracks.push_back(track_from(row));
  }
  return tracks;
}

std::optional<MusicTrack> MusicLibrary::find(const std::string& id) {
  auto rows = db_.query(std::string("SELECT ") + kColumns + " FROM music_tracks WHERE id = ?", {id});
  if (rows.empty()) return std::nullopt;
  return track_from(rows.front());
}

void MusicLibrary::remove(const audit::Actor& admin, const std::string& id) {
  auto track = find(id);
  if (!track) throw_not_found("music track");
  db_.write([&](db::Connection& c) {
    c.exec("UPDATE studio_projects SET music_track_id = NULL WHERE music_track_id = ?", {id});
    c.exec("DELETE FROM music_tracks WHERE id = ?", {id});
  });
  blobs_.remove(music_key(*track));
  audit_.record(admin, "music.remove", "music_track", id,
                boost::json::serialize(boost::json::object{{"title", track->title}}), "{}");
}

}  // namespace marquee::studio
