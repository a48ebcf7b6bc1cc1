package io.redwire.lock;

import io.redwire.redis.LuaScript;
import io.redwire.redis.LuaScripts;

/** The lock scripts, loaded once at construction. */
record LockScripts(LuaScript acquire, LuaScript release, LuaScript extend, LuaScript status, LuaScript fenceRaise) {

  static LockScripts load(LuaScripts scripts) {
    return new LockScripts(scripts.get("lock/acquire"), scripts.get("lock/release"), scripts.get("lock/extend"),
        scripts.get("lock/status"), scripts.get("lock/fence_raise"));
  }
}
