// sori keys create | list | show | revoke | rotate-secret: API keys for `sori serve --auth
// keys` (store/api_keys.h, auth/). A key and its webhook secret are printed once, when
// made; the store keeps only the key's SHA-256, so a lost key is replaced, not recovered.
#include <nlohmann/json.hpp>

#include <cmath>
#include <iostream>
#include <memory>

#include "auth/api_key.h"
#include "auth/clock.h"
#include "auth/rate.h"
#include "auth/scopes.h"
#include "cli/command.h"
#include "store/store.h"
#include "util/error.h"
#include "util/strings.h"
#include "util/table.h"

namespace sori::cli {
namespace {

using Json = nlohmann::ordered_json;

std::string KeyLimitsText(const ApiKeyLimits& l) {
  const std::string audio = l.audio_seconds_per_day > 0 ? FormatFixed(l.audio_seconds_per_day / 3600, 2) + " h/day" : "none";
  return "rate " + FormatRate(l.rate_count, l.rate_period_seconds) + ", concurrent " +
         (l.max_concurrent > 0 ? std::to_string(l.max_concurrent) : std::string("none")) + ", audio " + audio;
}

Json KeyJson(const ApiKeyRecord& k) {
  return Json{{"name", k.name},
              {"prefix", k.prefix},
              {"scopes", k.scopes},
              {"rate", FormatRate(k.limits.rate_count, k.limits.rate_period_seconds)},
              {"max_concurrent", k.limits.max_concurrent},
              {"audio_seconds_per_day", k.limits.audio_seconds_per_day},
              {"created_at", k.created_at},
              {"last_used_at", k.last_used_at ? Json(*k.last_used_at) : Json()},
              {"revoked_at", k.revoked_at ? Json(*k.revoked_at) : Json()}};
}

Json UsageJson(const ApiKeyUsage& u) {
  return Json{{"day", u.day}, {"requests", u.requests}, {"audio_seconds", u.audio_seconds}, {"errors", u.errors}};
}

std::string Today() { return UtcDay(SystemAuthClock()->UnixSeconds()); }

// ---- create ----
struct CreateArgs {
  std::string name;
  std::string scopes = "transcribe";
  std::string rate = "none";
  int64_t max_concurrent = 0;
  double audio_hours_per_day = 0;
  bool json = false;
};

int RunCreate(const CreateArgs& a, const GlobalOptions& global) {
  NewApiKey spec;  // every option is checked before the store is opened or a key made
  spec.name = a.name;
  spec.scopes = ParseScopeList(a.scopes);
  const RateSpec rate = ParseRate(a.rate);
  spec.limits = {rate.count, rate.period_seconds, a.max_concurrent, a.audio_hours_per_day * 3600};
  const std::string key = GenerateApiKey();
  spec.key_hash = HashApiKey(key);
  spec.prefix = DisplayPrefix(key);
  std::string secret;
  const ApiKeyRecord made = OpenStore(global)->keys().Create(spec, &secret);
  if (a.json) {
    Json j = KeyJson(made);
    j["key"] = key;
    j["webhook_secret"] = secret;
    std::cout << j.dump(2) << "\n";
    return 0;
  }
  std::cout << "Created API key '" << made.name << "' (" << Join(made.scopes, ",") << "; " << KeyLimitsText(made.limits)
            << ").\n\n"
            << "  API key:         " << key << "\n"
            << "  Webhook secret:  " << secret << "\n\n"
            << "Store both now: they will not be shown again (the store keeps only the key's hash).\n"
            << "Send the key as 'Authorization: Bearer <key>' or 'X-API-Key: <key>'; verify webhooks with the secret.\n";
  return 0;
}

// ---- list ----
int RunList(bool json, const GlobalOptions& global) {
  auto store = OpenStore(global);
  const std::string today = Today();
  Json out = Json::array();
  Table t({"name", "prefix", "scopes", "limits", "created", "last used", "revoked", "today: requests", "audio s", "errors"},
          {Table::Align::kLeft, Table::Align::kLeft, Table::Align::kLeft, Table::Align::kLeft, Table::Align::kLeft,
           Table::Align::kLeft, Table::Align::kLeft, Table::Align::kRight, Table::Align::kRight, Table::Align::kRight});
  for (const ApiKeyRecord& k : store->keys().List()) {
    const ApiKeyUsage u = store->keys().UsageOn(k.id, today);
    Json j = KeyJson(k);
    j["today"] = UsageJson(u);
    out.push_back(j);
    t.AddRow({k.name, k.prefix + "...", Join(k.scopes, ","), KeyLimitsText(k.limits), k.created_at,
              k.last_used_at.value_or("-"), k.revoked_at.value_or("-"), std::to_string(u.requests),
              FormatFixed(u.audio_seconds, 1), std::to_string(u.errors)});
  }
  if (json) {
    std::cout << out.dump(2) << "\n";
  } else if (t.rows() == 0) {
    std::cout << "No API keys. Make one with: sori keys create --name NAME\n";
  } else {
    std::cout << t.Render();
  }
  return 0;
}

// ---- show ----
struct ShowArgs {
  std::string name;
  bool anonymous = false;
  int days = 14;
  bool json = false;
};

int RunShowAnonymous(const ShowArgs& a, const GlobalOptions& global) {
  const std::string secret = OpenStore(global)->keys().WebhookSecret(0);
  if (a.json) {
    std::cout << Json{{"webhook_secret", secret}}.dump(2) << "\n";
  } else {
    std::cout << "Webhook secret used without keys (sori serve --auth none): " << secret << "\n";
  }
  return 0;
}

int RunShow(const ShowArgs& a, const GlobalOptions& global) {
  if (a.anonymous == !a.name.empty()) {
    throw Error(ErrorCode::kInvalidInput, "sori keys show: give a key NAME or --anonymous (not both)");
  }
  if (a.anonymous) return RunShowAnonymous(a, global);
  auto store = OpenStore(global);
  const ApiKeyRecord k = store->keys().Get(a.name);
  const std::vector<ApiKeyUsage> usage = store->keys().Usage(k.id, a.days);
  if (a.json) {
    Json j = KeyJson(k);
    j["usage"] = Json::array();
    for (const ApiKeyUsage& u : usage) j["usage"].push_back(UsageJson(u));
    std::cout << j.dump(2) << "\n";
    return 0;
  }
  Table info({"", ""});
  info.AddRow({"name", k.name});
  info.AddRow({"prefix", k.prefix + "..."});
  info.AddRow({"scopes", Join(k.scopes, ",")});
  info.AddRow({"limits", KeyLimitsText(k.limits)});
  info.AddRow({"created", k.created_at});
  info.AddRow({"last used", k.last_used_at.value_or("-")});
  info.AddRow({"revoked", k.revoked_at.value_or("no")});
  std::cout << info.Render() << "\nUsage per UTC day (last " << a.days << "):\n";
  Table t({"day", "requests", "audio s", "errors"}, {Table::Align::kLeft, Table::Align::kRight, Table::Align::kRight, Table::Align::kRight});
  for (const ApiKeyUsage& u : usage) {
    t.AddRow({u.day, std::to_string(u.requests), FormatFixed(u.audio_seconds, 1), std::to_string(u.errors)});
  }
  std::cout << (t.rows() == 0 ? std::string("  none yet\n") : t.Render());
  return 0;
}

// ---- revoke, rotate-secret ----
int RunRevoke(const std::string& name, const GlobalOptions& global) {
  const ApiKeyRecord k = OpenStore(global)->keys().Revoke(name);
  std::cout << "Revoked API key '" << k.name << "' at " << *k.revoked_at
            << "; a running server refuses it from its next request (401).\n";
  return 0;
}

int RunRotateSecret(const ShowArgs& a, const GlobalOptions& global) {
  if (a.anonymous == !a.name.empty()) {
    throw Error(ErrorCode::kInvalidInput, "sori keys rotate-secret: give a key NAME or --anonymous (not both)");
  }
  auto store = OpenStore(global);
  const int64_t id = a.anonymous ? 0 : store->keys().Get(a.name).id;
  const std::string secret = store->keys().RotateWebhookSecret(id);
  if (a.json) {
    std::cout << Json{{"name", a.anonymous ? Json() : Json(a.name)}, {"webhook_secret", secret}}.dump(2) << "\n";
    return 0;
  }
  std::cout << "New webhook secret" << (a.anonymous ? std::string(" (no key)") : " for '" + a.name + "'") << ": " << secret
            << "\nStore it now: it will not be shown again. Webhooks are signed with it from now on; the old one no "
               "longer verifies.\n";
  return 0;
}

void AddCreate(CLI::App* keys, Registry& registry) {
  auto args = std::make_shared<CreateArgs>();
  CLI::App* cmd = keys->add_subcommand("create", "Make an API key; prints the key and its webhook secret once");
  cmd->footer("Example: sori keys create --name mobile-app --scopes transcribe,jobs --rate 60/min --max-concurrent 4 "
              "--audio-hours-per-day 10");
  cmd->add_option("--name", args->name, "Unique name (1-64 letters, digits, '.', '_', '-'); labels its metrics")->required();
  cmd->add_option("--scopes", args->scopes, "Comma-separated: transcribe, jobs, admin");
  cmd->add_option("--rate", args->rate, "Requests per period, also the burst: 60/min, 10/s, 1000/h, 5000/day, or none");
  cmd->add_option("--max-concurrent", args->max_concurrent, "Requests in flight at once (0: no limit)")
      ->check(CLI::Range(int64_t{0}, int64_t{100000}));
  cmd->add_option("--audio-hours-per-day", args->audio_hours_per_day, "Hours of audio per UTC day (0: no limit)")
      ->check(CLI::Range(0.0, 1e6));
  cmd->add_flag("--json", args->json, "Print JSON (with the key and the secret) for scripts");
  registry.Add(cmd, [args, &registry] { return RunCreate(*args, registry.global()); });
}

void AddNamed(CLI::App* keys, Registry& registry, const std::string& name, const std::string& help,
              int (*run)(const ShowArgs&, const GlobalOptions&), bool with_days) {
  auto args = std::make_shared<ShowArgs>();
  CLI::App* cmd = keys->add_subcommand(name, help);
  cmd->add_option("name", args->name, "Key name");
  cmd->add_flag("--anonymous", args->anonymous, "The store's own webhook secret, used by a server run with --auth none");
  if (with_days) cmd->add_option("--days", args->days, "Days of usage to show")->check(CLI::Range(1, 3660));
  cmd->add_flag("--json", args->json, "Print JSON");
  registry.Add(cmd, [args, run, &registry] { return run(*args, registry.global()); });
}

}  // namespace

void AddKeysCommands(CLI::App& app, Registry& registry) {
  CLI::App* keys = app.add_subcommand("keys", "API keys for sori serve --auth keys: create, list, show, revoke, rotate-secret");
  keys->require_subcommand(1);
  AddCreate(keys, registry);
  auto list_json = std::make_shared<bool>(false);
  CLI::App* list = keys->add_subcommand("list", "Every key: prefix, scopes, limits, times, today's usage");
  list->add_flag("--json", *list_json, "Print JSON");
  registry.Add(list, [list_json, &registry] { return RunList(*list_json, registry.global()); });
  AddNamed(keys, registry, "show", "A key's limits and usage per day (--anonymous: the no-key webhook secret)", RunShow, true);
  auto revoke_name = std::make_shared<std::string>();
  CLI::App* revoke = keys->add_subcommand("revoke", "Revoke a key: a running server refuses it from its next request");
  revoke->add_option("name", *revoke_name, "Key name")->required();
  registry.Add(revoke, [revoke_name, &registry] { return RunRevoke(*revoke_name, registry.global()); });
  AddNamed(keys, registry, "rotate-secret", "A new webhook secret for a key (or --anonymous), printed once",
           RunRotateSecret, false);
}

}  // namespace sori::cli
