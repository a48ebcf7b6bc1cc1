package io.redwire.redis;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every Lua script the server uses, read once from the classpath. Services ask for theirs by name at
 * construction (in Main, before any verticle runs); {@link #all()} lets startup warm Redis' script cache.
 */
public final class LuaScripts {

  private final Map<String, LuaScript> scripts = new ConcurrentHashMap<>();

  public LuaScript get(String name) {
    return scripts.computeIfAbsent(name, LuaScript::load);
  }

  public Collection<LuaScript> all() {
    return List.copyOf(scripts.values());
  }
}
