#pragma once
// The SQL of uploads and direct-upload tickets.
#include <optional>
#include <string>
#include <vector>

#include "db/Database.h"
#include "uploads/Upload.h"

namespace marquee::uploads {

struct UploadTicket {
  std::string owner_id;
  std::string video_id;
  std::uint64_t max_bytes = 0;
  Millis expires_at = 0;
};

class UploadStore {
 public:
  explicit UploadStore(db::Database& db) : db_(db) {}

  void insert(const Upload& upload);
  std::optional<Upload> find(const std::string& id);
  // Moves the durable offset forward from `expected` to `offset`; false when someone else
  // moved it first. Completing uploads switch to `received` in the same statement.
  bool advance(const std::string& id, std::uint64_t expected, std::uint64_t offset, Millis now, Millis expires_at);
  void set_state(const std::string& id, UploadState state, Millis now);
  // Ends an upload at `length` bytes (its declared length was an upper bound).
  void conclude_at(const std::string& id, std::uint64_t length, Millis now);
  void remove(const std::string& id);
  std::vector<Upload> expired(Millis now, int limit);
  std::vector<Upload> in_state(UploadState state, int limit);
  // Moves updated_at from `seen` to `now`; false when another node moved it first.
  bool claim(const std::string& id, Millis seen, Millis now);
  // Bytes the owner holds or has reserved: sources of their videos plus unfinished uploads.
  std::uint64_t bytes_used_by(const std::string& owner_id);

  void insert_ticket(const std::string& token_hash, const UploadTicket& ticket);
  // Marks the ticket used and returns it; nullopt when unknown, used or expired.
  std::optional<UploadTicket> redeem_ticket(const std::string& token_hash, Millis now);

 private:
  db::Database& db_;
};

}  // namespace marquee::uploads
