package io.redwire.queue;

import io.redwire.config.AppConfig;
import io.redwire.config.ConfigException;
import io.redwire.queue.spi.JobHandlerProvider;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * The handlers queues can be bound to: the built-ins and the {@link JobHandlerProvider}s found on the
 * classpath by {@link ServiceLoader}. A provider that cannot be loaded, whose name is not a handler name,
 * is a built-in's or another provider's is a deployment error ({@link ConfigException}: exit 2).
 */
final class JobHandlers {

  private final Map<String, JobHandlerProvider> provided;

  private JobHandlers(Map<String, JobHandlerProvider> provided) {
    this.provided = provided;
  }

  /** The providers of redwire's class loader (the application classpath: {@code java -cp redwire.jar:handlers.jar}). */
  static JobHandlers load() {
    List<JobHandlerProvider> providers = new ArrayList<>();
    try {
      ServiceLoader.load(JobHandlerProvider.class, JobHandlerProvider.class.getClassLoader()).forEach(providers::add);
    } catch (ServiceConfigurationError e) {
      throw new ConfigException("a JobHandlerProvider on the classpath cannot be loaded: " + e.getMessage());
    }
    return of(providers);
  }

  static JobHandlers of(List<JobHandlerProvider> providers) {
    Map<String, JobHandlerProvider> byName = new LinkedHashMap<>();
    for (JobHandlerProvider p : providers) {
      String name = p.name();
      String who = "JobHandlerProvider " + p.getClass().getName();
      if (name == null || !AppConfig.Queues.HANDLER_NAME.matcher(name).matches()) {
        throw new ConfigException(who + " is named '" + name + "', which is not a handler name (1-64 characters"
            + " of a-z 0-9 _ -)");
      }
      if (AppConfig.Queues.HANDLER_NAMES.contains(name)) {
        throw new ConfigException(who + " is named '" + name + "', like a built-in handler; give it a name of its own");
      }
      JobHandlerProvider other = byName.putIfAbsent(name, p);
      if (other != null) {
        throw new ConfigException(who + " and " + other.getClass().getName() + " are both named '" + name
            + "'; remove one of the jars or rename one");
      }
    }
    return new JobHandlers(Map.copyOf(byName));
  }

  /** Every handler name, built-ins first. */
  List<String> names() {
    List<String> names = new ArrayList<>(AppConfig.Queues.HANDLER_NAMES);
    provided.keySet().stream().sorted().forEach(names::add);
    return names;
  }

  /** The provider of that name, or null for a built-in. */
  JobHandlerProvider provider(String name) {
    return provided.get(name);
  }
}
