package io.redwire.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redwire.config.AppConfig;
import io.redwire.config.ConfigException;
import io.redwire.config.ConfigLoader;
import io.redwire.queue.spi.HandlerContext;
import io.redwire.queue.spi.JobHandler;
import io.redwire.queue.spi.JobHandlerProvider;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which Java handlers a deployment may add, and how bindings and settings to them are checked. */
class JobHandlersTest {

  record Named(String name) implements JobHandlerProvider {
    @Override
    public JobHandler create(HandlerContext context) {
      throw new UnsupportedOperationException();
    }
  }

  static String refusal(JobHandlerProvider... providers) {
    return assertThrows(ConfigException.class, () -> JobHandlers.of(List.of(providers))).getMessage();
  }

  @Test
  void theSuitesProviderIsFoundOnTheClasspath() {
    JobHandlers handlers = JobHandlers.load();
    assertEquals(List.of("noop", "webhooks", "notifications", "probe"), handlers.names());
    assertTrue(handlers.provider("probe") instanceof ProbeHandlerProvider);
  }

  @Test
  void aProviderMayNotTakeABuiltInsNameOrAnothersOrAnInvalidOne() {
    String clash = refusal(new Named("webhooks"));
    assertTrue(clash.contains(Named.class.getName() + " is named 'webhooks', like a built-in handler"), clash);
    String twice = refusal(new Named("pdf"), new Named("pdf"));
    assertTrue(twice.contains("are both named 'pdf'"), twice);
    String invalid = refusal(new Named("PDF:v2"));
    assertTrue(invalid.contains("is not a handler name"), invalid);
    assertTrue(refusal(new Named(null)).contains("is not a handler name"));
  }

  @Test
  void bindingsAndSettingsMustNameAnAvailableHandler() {
    List<String> available = JobHandlers.of(List.of(new Named("pdf"))).names();
    AppConfig.Queues ok = ConfigLoader.load(Map.of("REDWIRE_QUEUE_HANDLERS", "invoices:pdf,bench:noop",
        "REDWIRE_QUEUE_HANDLER_SETTINGS", "pdf.bucket=inv,pdf.url=http://x/?a=b,other.key=1")).queues();
    ConfigException unknownSetting = assertThrows(ConfigException.class, () -> ok.checkHandlers(available));
    assertTrue(unknownSetting.getMessage().startsWith("queues.handlerSettings (REDWIRE_QUEUE_HANDLER_SETTINGS) names "
        + "unknown handler 'other'"), unknownSetting.getMessage());

    AppConfig.Queues good = ConfigLoader.load(Map.of("REDWIRE_QUEUE_HANDLERS", "invoices:pdf",
        "REDWIRE_QUEUE_HANDLER_SETTINGS", "pdf.bucket=inv, pdf.url=http://x/?a=b")).queues();
    good.checkHandlers(available);
    assertEquals(Map.of("bucket", "inv", "url", "http://x/?a=b"), good.settingsOf("pdf"));
    assertEquals(Map.of(), good.settingsOf("noop"));

    AppConfig.Queues typo = ConfigLoader.load(Map.of("REDWIRE_QUEUE_HANDLERS", "invoices:pfd")).queues();
    ConfigException unknown = assertThrows(ConfigException.class, () -> typo.checkHandlers(available));
    assertTrue(unknown.getMessage().startsWith("queues.handlers (REDWIRE_QUEUE_HANDLERS) binds queue 'invoices' to "
        + "unknown handler 'pfd' (available: noop, webhooks, notifications, pdf;"), unknown.getMessage());
  }

  @Test
  void malformedBindingsAndSettingsAreRefusedWhenTheConfigurationLoads() {
    ConfigException name = assertThrows(ConfigException.class,
        () -> ConfigLoader.load(Map.of("REDWIRE_QUEUE_HANDLERS", "invoices:PDF")));
    assertTrue(name.getMessage().contains("'PDF' is not a handler name"), name.getMessage());
    ConfigException setting = assertThrows(ConfigException.class,
        () -> ConfigLoader.load(Map.of("REDWIRE_QUEUE_HANDLER_SETTINGS", "pdf-bucket=inv")));
    assertTrue(setting.getMessage().startsWith("queues.handlerSettings (REDWIRE_QUEUE_HANDLER_SETTINGS) entries are "
        + "handler.key=value, got 'pdf-bucket=inv'"), setting.getMessage());
  }
}
