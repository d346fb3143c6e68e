/*
 * gauntlet's valgrind hooks: a tiny N-API addon that lets a benchmark process switch callgrind's
 * instrumentation on, zero the counters before a measured loop and dump them after it under a name
 * (valgrind's client requests, callgrind.h). Outside valgrind every call is a no-op.
 * Built on first use by hooks-build.ts (cc + node's headers + valgrind's headers).
 */
#include <node_api.h>
#include <valgrind/callgrind.h>

static napi_value start(napi_env env, napi_callback_info info) {
  CALLGRIND_ZERO_STATS;
  CALLGRIND_START_INSTRUMENTATION;
  return NULL;
}

static napi_value zero(napi_env env, napi_callback_info info) {
  CALLGRIND_ZERO_STATS;
  return NULL;
}

static napi_value stop(napi_env env, napi_callback_info info) {
  CALLGRIND_STOP_INSTRUMENTATION;
  return NULL;
}

static napi_value dump(napi_env env, napi_callback_info info) {
  size_t argc = 1, len = 0;
  napi_value argv[1];
  char name[256];
  name[0] = 0;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < 1 || napi_get_value_string_utf8(env, argv[0], name, sizeof name, &len) != napi_ok) name[0] = 0;
  CALLGRIND_DUMP_STATS_AT(name);
  return NULL;
}

static napi_value on_valgrind(napi_env env, napi_callback_info info) {
  napi_value r;
  napi_get_boolean(env, RUNNING_ON_VALGRIND > 0, &r);
  return r;
}

static void export_fn(napi_env env, napi_value exports, const char *name, napi_callback cb) {
  napi_value f;
  napi_create_function(env, name, NAPI_AUTO_LENGTH, cb, NULL, &f);
  napi_set_named_property(env, exports, name, f);
}

NAPI_MODULE_INIT() {
  export_fn(env, exports, "start", start);
  export_fn(env, exports, "stop", stop);
  export_fn(env, exports, "zero", zero);
  export_fn(env, exports, "dump", dump);
  export_fn(env, exports, "onValgrind", on_valgrind);
  return exports;
}
