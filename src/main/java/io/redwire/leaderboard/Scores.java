package io.redwire.leaderboard;

/**
 * Scores as they travel: any finite double within +-(2^53 - 1), so every whole score up to that is
 * exact (in Redis, in Java and in a JavaScript client) and a whole-number incr never rounds. Redis
 * keeps the score in full (the tie-break lives in the member text, not in the score).
 */
final class Scores {

  /** 2^53 - 1, JavaScript's Number.MAX_SAFE_INTEGER: the largest magnitude a board holds. */
  static final double MAX = 9_007_199_254_740_991d;
  static final String MAX_TEXT = "9007199254740991";

  private Scores() {}

  static boolean inRange(double score) {
    return Double.isFinite(score) && Math.abs(score) <= MAX;
  }

  /** The text Redis and the scripts get: whole numbers without a fraction, others as Java's shortest form. */
  static String text(double score) {
    double s = score == 0 ? 0 : score; // -0 is 0
    return s == Math.rint(s) ? Long.toString((long) s) : Double.toString(s);
  }

  /** A score as Redis wrote it. */
  static double parse(String text) {
    return Double.parseDouble(text);
  }

  /** For JSON: a whole score as an integer (4200, not 4200.0), any other as a double. */
  static Number json(double score) {
    return score == Math.rint(score) ? (Number) (long) score : (Number) score;
  }
}
