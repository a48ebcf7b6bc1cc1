package io.redwire.config;

/** A configuration value that cannot be used; startup stops with its message. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }
}
