// Which limit a route counts against.
#include <gtest/gtest.h>

#include "limits/RouteClasses.h"

namespace marquee::limits {
namespace {

using http::Method;

TEST(RouteClasses, SpecialRoutesHaveTheirOwnClass) {
  EXPECT_EQ(classify_route(Method::POST, "/api/auth/login"), RouteClass::sign_in);
  EXPECT_EQ(classify_route(Method::POST, "/api/auth/register"), RouteClass::registration);
  EXPECT_EQ(classify_route(Method::POST, "/api/uploads"), RouteClass::upload);
  EXPECT_EQ(classify_route(Method::PATCH, "/api/uploads/{id}"), RouteClass::none);
  EXPECT_EQ(classify_route(Method::HEAD, "/api/uploads/{id}"), RouteClass::none);
  EXPECT_EQ(classify_route(Method::GET, "/api/search"), RouteClass::search);
  EXPECT_EQ(classify_route(Method::HEAD, "/api/search"), RouteClass::search);
  EXPECT_EQ(classify_route(Method::GET, "/media/videos/{id}/{file*}"), RouteClass::media);
  EXPECT_EQ(classify_route(Method::GET, "/api/health"), RouteClass::none);
}

TEST(RouteClasses, TheRestGoByMethod) {
  EXPECT_EQ(classify_route(Method::GET, "/api/videos/{id}"), RouteClass::read);
  EXPECT_EQ(classify_route(Method::HEAD, "/api/videos/{id}"), RouteClass::read);
  EXPECT_EQ(classify_route(Method::POST, "/api/videos/{id}/rating"), RouteClass::write);
  EXPECT_EQ(classify_route(Method::DELETE, "/api/videos/{id}"), RouteClass::write);
  // A GET of the login path is not a sign-in.
  EXPECT_EQ(classify_route(Method::GET, "/api/auth/login"), RouteClass::read);
}


}  // namespace
}  // namespace marquee::limits
