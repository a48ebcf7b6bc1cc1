package io.redwire.visitor;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.regex.Pattern;

/** Parsing of ISO calendar days (yyyy-MM-dd) as they appear in paths, queries and bodies. */
final class Days {

  private static final Pattern SHAPE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

  private Days() {}

  /** The day, or null when the text is not a real ISO date (2026-02-30, "yesterday", 2026-4-1). */
  static LocalDate parse(String text) {
    if (text == null || !SHAPE.matcher(text).matches()) {
      return null;
    }
    try {
      return LocalDate.parse(text, DateTimeFormatter.ISO_LOCAL_DATE);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** Days in [from, to], both included. */
  static long span(LocalDate from, LocalDate to) {
    return ChronoUnit.DAYS.between(from, to) + 1;
  }
}
