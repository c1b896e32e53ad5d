package chatnode.gateway;

/** UTF-8 sizes of Java strings, counted without encoding them. */
final class Utf8 {
  private Utf8() {}

  /** The bytes {@code s} takes in UTF-8 (a lone surrogate counted as the 3 bytes of its replacement). */
  static int length(String s) {
    int bytes = 0;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      bytes += bytes(cp);
      i += Character.charCount(cp);
    }
    return bytes;
  }

  /** The longest prefix of {@code s} that takes at most {@code max} bytes, never cut inside a character. */
  static String truncate(String s, int max) {
    int bytes = 0;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      bytes += bytes(cp);
      if (bytes > max) {
        return s.substring(0, i);
      }
      i += Character.charCount(cp);
    }
    return s;
  }

  private static int bytes(int cp) {
    return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
}
