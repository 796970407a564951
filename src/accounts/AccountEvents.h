#pragma once
// The facts the accounts feature publishes on the EventBus (events/EventBus.h). Subject: the
// account's id.
namespace marquee::accounts {

// Its role or premium flag changed, its password changed, or every session of it ended.
inline constexpr const char* kAccountChanged = "account.changed";
// It is gone, with everything it owned.
inline constexpr const char* kAccountDeleted = "account.deleted";
// One of its sessions ended (sign-out, or a stolen refresh token). Data: {"session_id"}.
inline constexpr const char* kSessionEnded = "session.ended";

}  // namespace marquee::accounts
