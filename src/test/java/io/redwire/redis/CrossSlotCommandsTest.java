package io.redwire.redis;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import org.junit.jupiter.api.Test;

class CrossSlotCommandsTest {

  @Test
  void keysSharingAHashTagPass() {
    assertDoesNotThrow(() -> CrossSlotCommands.refuse(Request.cmd(Command.MGET).arg("v:{days}:1").arg("v:{days}:2")));
    assertDoesNotThrow(() -> CrossSlotCommands.refuse(Request.cmd(Command.EVALSHA).arg("abc").arg(2)
        .arg("lock:{r}").arg("lock:{r}:fence").arg("token")));
    assertDoesNotThrow(() -> CrossSlotCommands.refuse(Request.cmd(Command.GET).arg("anything")));
    assertDoesNotThrow(() -> CrossSlotCommands.refuse(Request.cmd(Command.PING)));
  }

  @Test
  void keysInDifferentSlotsAreRefusedNamingTheKeys() {
    IllegalArgumentException mget = assertThrows(IllegalArgumentException.class,
        () -> CrossSlotCommands.refuse(Request.cmd(Command.MGET).arg("counter:a").arg("counter:b")));
    assertTrue(mget.getMessage().contains("counter:a") && mget.getMessage().contains("counter:b"), mget.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> CrossSlotCommands.refuse(Request.cmd(Command.DEL).arg("{x}1").arg("{y}1")));
    // script keys come from numkeys: the argument after the keys is not a key
    assertThrows(IllegalArgumentException.class, () -> CrossSlotCommands.refuse(Request.cmd(Command.EVAL)
        .arg("return 1").arg(2).arg("lock:{r}").arg("lock:{s}")));
    assertDoesNotThrow(() -> CrossSlotCommands.refuse(Request.cmd(Command.EVAL)
        .arg("return 1").arg(1).arg("lock:{r}").arg("not-a-key")));
  }
}
