#pragma once
// The OpenAPI schemas of the creator studio, its credits and billing (docs/studio.md,
// docs/billing.md): one JSON object of named schemas, merged into /api/openapi.json.
namespace marquee::ops {

extern const char* const kStudioSchemas;

}  // namespace marquee::ops
