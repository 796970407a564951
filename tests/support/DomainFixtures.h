#pragma once
// What the service tests of every feature share: catching the Error an action throws, reading
// the field it names, long strings for length limits, and accounts inserted straight into the
// database (no password hashing: these tests need users, not logins).
#include <cstddef>
#include <functional>
#include <string>

#include "accounts/Principal.h"
#include "core/Error.h"
#include "db/Database.h"

namespace marquee::testing {

// The error `action` throws; a test failure (and an internal error) when it throws none.
Error error_from(const std::function<void()>& action);

// The "field" detail of a validation error, or "" when it names none.
std::string field_of(const Error& e);

// `piece` `times` times over.
std::string repeat(const std::string& piece, std::size_t times);

// A new account with this username and role; its id is unique within the process.
accounts::Principal insert_user(db::Database& db, const std::string& username,
                                accounts::Role role = accounts::Role::user);

}  // namespace marquee::testing
