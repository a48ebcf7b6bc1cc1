package io.redwire.redis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RedisInfoTest {

  @Test
  void parsesInfoSectionsAndVersions() {
    Map<String, String> info = RedisInfo.parse("# Server\r\nredis_version:7.0.15\r\n\r\n# Memory\r\nused_memory:1024\r\n");
    assertEquals("7.0.15", info.get("redis_version"));
    assertEquals(1024, RedisInfo.longValue(info, "used_memory"));
    assertEquals(0, RedisInfo.longValue(info, "missing"));
    assertArrayEquals(new int[] {6, 2, 11}, RedisInfo.parseVersion("6.2.11"));
    assertArrayEquals(new int[] {7, 4, 0}, RedisInfo.parseVersion("7.4.0-rc1"));
  }

  @Test
  void redactsPasswordsInUrls() {
    assertEquals("redis://user:***@host:6379", RedisFactory.redact("redis://user:secret@host:6379"));
    assertEquals("redis://:***@host:6379/1", RedisFactory.redact("redis://:secret@host:6379/1"));
    assertEquals("redis://host:6379", RedisFactory.redact("redis://host:6379"));
  }
}
