package io.redwire.experiment;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The deterministic hash a user's first assignment is drawn from. The script reduces it modulo the
 * experiment's current total weight, so it must stay exact in Lua's doubles: 40 bits keep
 * {@code hash % total} exact and leave a bias below 2^-20 for any total weight we accept.
 */
final class Buckets {

  static final int HASH_BITS = 40;

  private Buckets() {}

  /** The first 8 bytes of SHA-256(experiment + ":" + userId), reduced to {@link #HASH_BITS} bits. */
  static long hash(String experiment, String userId) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest((experiment + ":" + userId).getBytes(StandardCharsets.UTF_8));
      return ByteBuffer.wrap(digest, 0, Long.BYTES).getLong() >>> (Long.SIZE - HASH_BITS);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }
}
