#pragma once
// The facts the moderation feature publishes on the EventBus (events/EventBus.h).
namespace marquee::moderation {

// A moderator (or a rule: DMCA, the scheduled restore) acted on a case and the action affects
// an account. Subject: the action's id. Data: {"user_id", "action", "target_type", "target_id",
// "case_id", "case_reason" (the case's reason: rights, spam_or_misleading …), "public_reason", "appealable" ("1"/"0"), "appeal" ("granted"/"denied" when it
// decided an appeal), "notice_id" (a DMCA action)}. Notifications tell the user.
inline constexpr const char* kModerationAction = "moderation.action";

}  // namespace marquee::moderation
