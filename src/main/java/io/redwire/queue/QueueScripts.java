package io.redwire.queue;

import io.redwire.redis.LuaScript;
import io.redwire.redis.LuaScripts;

/** The queue scripts (src/main/resources/lua/queue/), loaded once at construction. */
record QueueScripts(LuaScript enqueue, LuaScript take, LuaScript ack, LuaScript fail, LuaScript heartbeat,
    LuaScript reap, LuaScript delete, LuaScript counts, LuaScript list, LuaScript retry, LuaScript pause, LuaScript limits) {

  static QueueScripts load(LuaScripts scripts) {
    return new QueueScripts(scripts.get("queue/enqueue"), scripts.get("queue/take"), scripts.get("queue/ack"),
        scripts.get("queue/fail"), scripts.get("queue/heartbeat"), scripts.get("queue/reap"),
        scripts.get("queue/delete"), scripts.get("queue/counts"), scripts.get("queue/list"),
        scripts.get("queue/retry"), scripts.get("queue/pause"), scripts.get("queue/limits"));
  }
}
