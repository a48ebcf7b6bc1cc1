package io.redwire.redis;

import java.util.List;

/** One page of a SCAN: the keys as stored, and the cursor to continue with ("0": done). */
public record ScanPage(String cursor, List<String> keyNames) {}
