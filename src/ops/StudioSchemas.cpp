#include "ops/StudioSchemas.h"

namespace marquee::ops {

const char* const kStudioSchemas = R"json({
  "CreditEntry": {"type": "object", "properties": {"id": {"type": "string"}, "amount": {"type": "integer",
    "description": "credited (> 0) or spent (< 0)"}, "kind": {"type": "string",
    "enum": ["signup", "referral", "purchase", "generation", "refund", "reversal", "grant"]},
    "reference": {"type": ["string", "null"]}, "created_at": {"type": "string", "format": "date-time"}}},
  "CreditLedger": {"type": "object", "properties": {"balance": {"type": "integer"}, "items": {"type": "array",
    "items": {"$ref": "#/components/schemas/CreditEntry"}}, "next_cursor": {"type": ["string", "null"]}}},
  "ProjectCreate": {"type": "object", "required": ["title"], "properties": {"title": {"type": "string", "maxLength": 200},
    "width": {"type": "integer", "minimum": 128, "maximum": 3840, "description": "even; default 1280"},
    "height": {"type": "integer", "minimum": 128, "maximum": 3840, "description": "even; default 720"},
    "frame_rate": {"type": "integer", "enum": [24, 25, 30, 50, 60]}, "music_track_id": {"type": ["string", "null"]}}},
  "ProjectPatch": {"type": "object", "properties": {"title": {"type": "string", "maxLength": 200},
    "status": {"type": "string", "enum": ["in_progress", "completed", "archived"]},
    "music_track_id": {"type": ["string", "null"], "description": "null clears it"}}},
  "Project": {"type": "object", "properties": {"id": {"type": "string"}, "title": {"type": "string"},
    "status": {"type": "string", "enum": ["in_progress", "completed", "archived"]},
    "music_track_id": {"type": ["string", "null"]}, "width": {"type": "integer"}, "height": {"type": "integer"},
    "frame_rate": {"type": "integer"}, "clip_count": {"type": "integer"},
    "created_at": {"type": "string", "format": "date-time"}, "updated_at": {"type": "string", "format": "date-time"}}},
  "ProjectList": {"type": "object", "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Project"}},
    "next_cursor": {"type": ["string", "null"]}}},
  "Clip": {"type": "object", "properties": {"id": {"type": "string"}, "project_id": {"type": "string"},
    "order": {"type": "integer"}, "status": {"type": "string", "enum": ["generating", "ready", "failed"]},
    "approved": {"type": "boolean"},
    "motion": {"type": "string", "enum": ["zoom_in", "zoom_out", "pan_left", "pan_right", "pan_up", "pan_down"]},
    "easing": {"type": "string", "enum": ["linear", "ease_in_out"]}, "prompt": {"type": "string"},
    "duration_ms": {"type": "integer"}, "image_width": {"type": "integer"}, "image_height": {"type": "integer"},
    "image_url": {"type": "string", "description": "signed, until urls_expire_at"},
    "video_url": {"type": ["string", "null"], "description": "signed; null until ready"},
    "video_bytes": {"type": ["integer", "null"]}, "video_duration_ms": {"type": ["integer", "null"]},
    "urls_expire_at": {"type": "string", "format": "date-time"}, "generation": {"type": "integer"},
    "cost": {"type": "integer", "description": "credits this generation took"}, "generator": {"type": "string"},
    "failure_reason": {"type": ["string", "null"]},
    "created_at": {"type": "string", "format": "date-time"}, "updated_at": {"type": "string", "format": "date-time"}}},
  "ClipList": {"type": "object", "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Clip"}}}},
  "ClipOrder": {"type": "object", "required": ["clip_ids"], "properties": {"clip_ids": {"type": "array",
    "items": {"type": "string"}, "description": "every clip of the project, once, in the new order"}}},
  "ClipPatch": {"type": "object", "required": ["approved"], "properties": {"approved": {"type": "boolean"}}},
  "ClipRegenerate": {"type": "object", "properties": {
    "motion": {"type": "string", "enum": ["zoom_in", "zoom_out", "pan_left", "pan_right", "pan_up", "pan_down"]},
    "easing": {"type": "string", "enum": ["linear", "ease_in_out"]}, "duration_ms": {"type": "integer"},
    "prompt": {"type": "string", "maxLength": 2000}}},
  "SignRequest": {"type": "object", "required": ["items"], "properties": {"items": {"type": "array", "maxItems": 100,
    "items": {"type": "object", "required": ["kind", "id"], "properties": {"kind": {"type": "string",
    "enum": ["clip_image", "clip_video", "final_video", "video_poster"]}, "id": {"type": "string"}}}}}},
  "SignedUrls": {"type": "object", "properties": {"items": {"type": "array", "items": {"type": "object", "properties": {
    "kind": {"type": "string"}, "id": {"type": "string"}, "url": {"type": ["string", "null"]},
    "error": {"type": "string", "enum": ["not_found"], "description": "set when url is null"}}}},
    "expires_at": {"type": "string", "format": "date-time"}}}
})json";

}  // namespace marquee::ops
