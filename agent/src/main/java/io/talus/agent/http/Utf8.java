package io.talus.agent.http;

import java.nio.charset.StandardCharsets;

/**
 * Turns a page of file bytes into the JSON string {@code /files/read} answers with. Mesos puts
 * the raw bytes into its JSON, which is only valid when they are UTF-8; Talus decodes them as
 * UTF-8 and replaces what is not, so the answer is always valid JSON.
 */
final class Utf8 {

  private Utf8() {}

  /**
   * Decodes {@code bytes[0..length)}, leaving out a multi-byte character cut short by the end of
   * the page (unless it is all the page holds), so that a client that moves its offset by the
   * UTF-8 length of the text reads that character whole on its next page.
   */
  static String decodeWhole(byte[] bytes, int length) {
    return new String(bytes, 0, wholeCharacters(bytes, length), StandardCharsets.UTF_8);
  }

  /** The length of the longest prefix that does not end inside a multi-byte sequence. */
  static int wholeCharacters(byte[] bytes, int length) {
    int lead = length - 1;
    while (lead >= 0 && length - lead < 4 && isContinuation(bytes[lead])) {
      lead--;
    }
    if (lead <= 0) {
      return length;
    }
    return length - lead < sequenceLength(bytes[lead]) ? lead : length;
  }

  private static boolean isContinuation(byte b) {
    return (b & 0xC0) == 0x80;
  }

  /** How many bytes a sequence starting with {@code lead} has; 1 for anything not a lead byte. */
  private static int sequenceLength(byte lead) {
    int b = lead & 0xFF;
    if (b >= 0xF0 && b <= 0xF4) {
      return 4;
    }
    if (b >= 0xE0) {
      return b <= 0xEF ? 3 : 1;
    }
    return b >= 0xC2 ? 2 : 1;
  }
}
