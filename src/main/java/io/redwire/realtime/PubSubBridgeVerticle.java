package io.redwire.realtime;

import io.redwire.redis.RedisSubscriber;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.function.Function;

/**
 * The replica's one Pub/Sub bridge: owns its own subscriber connection(s) (never the shared lanes), the
 * message-channel {@link Bridge} and the {@link LeaderboardFeed}, all on this verticle's event loop.
 */
final class PubSubBridgeVerticle extends VerticleBase {

  private final RedisSubscriber subscriber;
  private final Function<io.vertx.core.Context, Future<Void>> attach;

  /** @param attach builds the bridge and feed on this verticle's context once its subscriber is settled */
  PubSubBridgeVerticle(RedisSubscriber subscriber, Function<io.vertx.core.Context, Future<Void>> attach) {
    this.subscriber = subscriber;
    this.attach = attach;
  }

  @Override
  public Future<?> start() {
    return subscriber.start().compose(v -> attach.apply(context));
  }

  @Override
  public Future<?> stop() {
    return subscriber.close();
  }
}
