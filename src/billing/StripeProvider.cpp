#include "billing/PaymentProvider.h"

#include <boost/json.hpp>
#include <spdlog/spdlog.h>

#include "core/Error.h"
#include "net/HttpClient.h"

namespace marquee::billing {
namespace {

// application/x-www-form-urlencoded, as Stripe's API takes it.
std::string form_escape(std::string_view text) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (const unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

}  // namespace

CheckoutSession StripeProvider::create_checkout(const CheckoutRequest& r) {
  if (secret_key_.empty()) throw Error(ErrorCode::unavailable, "payments are not set up (billing.stripe_secret_key)");
  const std::vector<std::pair<std::string, std::string>> fields{
      {"mode", "payment"},
      {"client_reference_id", r.user_id},
      {"success_url", r.success_url},
      {"cancel_url", r.cancel_url},
      {"line_items[0][quantity]", "1"},
      {"line_items[0][price_data][currency]", r.currency},
      {"line_items[0][price_data][unit_amount]", std::to_string(r.amount_cents)},
      {"line_items[0][price_data][product_data][name]", r.pack_name},
      {"metadata[pack_id]", r.pack_id},
      {"metadata[payment_id]", r.payment_id},
      {"payment_intent_data[metadata][payment_id]", r.payment_id},
  };
  std::string body;
  for (const auto& [key, value] : fields) {
    if (!body.empty()) body += '&';
    body += form_escape(key) + "=" + form_escape(value);
  }
  net::HttpCall call;
  call.method = "POST";
  call.url = api_base_ + "/v1/checkout/sessions";
  call.headers = {{"Authorization", "Bearer " + secret_key_},
                  {"Content-Type", "application/x-www-form-urlencoded"},
                  {"Idempotency-Key", "marquee-checkout-" + r.payment_id}};
  call.body = body;
  call.timeout = std::chrono::seconds(20);
  const auto reply = net::send_http(call);
  if (reply.status != 200) {
    spdlog::warn("billing: stripe refused a checkout session ({}): {}", reply.status, reply.body.substr(0, 500));
    throw Error(ErrorCode::unavailable, "the payment provider refused the checkout; try again later");
  }
  boost::system::error_code ec;
  const auto doc = boost::json::parse(reply.body, ec);
  const auto* fields_out = doc.if_object();
  const auto* id = fields_out ? fields_out->if_contains("id") : nullptr;
  const auto* url = fields_out ? fields_out->if_contains("url") : nullptr;
  if (ec || !id || !id->is_string() || !url || !url->is_string()) {
    throw Error(ErrorCode::unavailable, "the payment provider's answer was not a checkout session");
  }
  return {std::string(id->as_string()), std::string(url->as_string())};
}

}  // namespace marquee::billing
