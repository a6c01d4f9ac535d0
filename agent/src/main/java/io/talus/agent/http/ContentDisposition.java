package io.talus.agent.http;

import java.nio.charset.StandardCharsets;

/**
 * The {@code Content-Disposition} of {@code /files/download}. Mesos writes {@code attachment;
 * filename=<name>} with the name bare; file names come from tasks, though, and a bare name with
 * {@code ;}, quotes or control characters would let a task shape the header, so names other than
 * plain ones are quoted and also given in RFC 6266's {@code filename*} UTF-8 form.
 */
final class ContentDisposition {

  private ContentDisposition() {}

  static String attachment(String name) {
    if (name.matches("[A-Za-z0-9._+-]+")) {
      return "attachment; filename=" + name;
    }
    StringBuilder fallback = new StringBuilder();
    name.codePoints().forEach(c -> {
      if (c < 0x20 || c >= 0x7f) {
        fallback.append('_');
      } else {
        if (c == '"' || c == '\\') {
          fallback.append('\\');
        }
        fallback.append((char) c);
      }
    });
    StringBuilder encoded = new StringBuilder();
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xFF;
      if (isAttrChar(c)) {
        encoded.append((char) c);
      } else {
        encoded.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
      }
    }
    return "attachment; filename=\"" + fallback + "\"; filename*=UTF-8''" + encoded;
  }

  /** RFC 8187 {@code attr-char}: what {@code filename*} may carry unencoded. */
  private static boolean isAttrChar(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || "!#$&+-.^_`|~".indexOf(c) >= 0;
  }
}
