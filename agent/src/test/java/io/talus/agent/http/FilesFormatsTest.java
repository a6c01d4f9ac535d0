package io.talus.agent.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The small formats of the files API: ls modes, page decoding, attachment names. */
class FilesFormatsTest {

  @Test
  void modesReadAsLsWritesThem() {
    assertThat(FileListing.mode(0100644)).isEqualTo("-rw-r--r--");
    assertThat(FileListing.mode(0040755)).isEqualTo("drwxr-xr-x");
    assertThat(FileListing.mode(0120777)).isEqualTo("lrwxrwxrwx");
    assertThat(FileListing.mode(0010600)).isEqualTo("prw-------");
    assertThat(FileListing.mode(0020620)).isEqualTo("crw--w----");
    assertThat(FileListing.mode(0060660)).isEqualTo("brw-rw----");
    assertThat(FileListing.mode(0140755)).isEqualTo("srwxr-xr-x");
    assertThat(FileListing.mode(0104755)).isEqualTo("-rwsr-xr-x");
    assertThat(FileListing.mode(0102644)).isEqualTo("-rw-r-Sr--");
    assertThat(FileListing.mode(0041777)).isEqualTo("drwxrwxrwt");
    assertThat(FileListing.mode(0041776)).isEqualTo("drwxrwxrwT");
  }

  @Test
  void pagesEndOnWholeCharacters() {
    byte[] text = "a\u00e9\u20ac\ud83d\ude00".getBytes(StandardCharsets.UTF_8); // 1 + 2 + 3 + 4 bytes

    assertThat(Utf8.wholeCharacters(text, 10)).isEqualTo(10);
    assertThat(Utf8.wholeCharacters(text, 9)).isEqualTo(6);
    assertThat(Utf8.wholeCharacters(text, 8)).isEqualTo(6);
    assertThat(Utf8.wholeCharacters(text, 7)).isEqualTo(6);
    assertThat(Utf8.wholeCharacters(text, 6)).isEqualTo(6);
    assertThat(Utf8.wholeCharacters(text, 5)).isEqualTo(3);
    assertThat(Utf8.wholeCharacters(text, 2)).isEqualTo(1);
    assertThat(Utf8.wholeCharacters(text, 1)).isEqualTo(1);
    assertThat(Utf8.wholeCharacters(text, 0)).isEqualTo(0);
  }

  @Test
  void aPageThatIsOnlyPartOfACharacterIsKeptRatherThanEmptied() {
    byte[] euro = "\u20ac".getBytes(StandardCharsets.UTF_8);

    assertThat(Utf8.wholeCharacters(euro, 2)).isEqualTo(2);
    assertThat(Utf8.decodeWhole(euro, 2)).isEqualTo("\ufffd");
  }

  @Test
  void invalidBytesAtTheEndAreDecodedNotDropped() {
    byte[] stray = {'a', (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80};

    assertThat(Utf8.wholeCharacters(stray, stray.length)).isEqualTo(stray.length);
    assertThat(Utf8.decodeWhole(new byte[] {'a', (byte) 0xff}, 2)).isEqualTo("a\ufffd");
  }

  @Test
  void plainNamesAreWrittenBareAsMesosDoes() {
    assertThat(ContentDisposition.attachment("stdout")).isEqualTo("attachment; filename=stdout");
    assertThat(ContentDisposition.attachment("app-1.2_x+y.log"))
        .isEqualTo("attachment; filename=app-1.2_x+y.log");
  }

  @Test
  void otherNamesAreQuotedAndEncodedSoTheyCannotShapeTheHeader() {
    assertThat(ContentDisposition.attachment("a\r\nSet-Cookie: x"))
        .isEqualTo("attachment; filename=\"a__Set-Cookie: x\"; filename*=UTF-8''a%0D%0ASet-Cookie%3A%20x");
    assertThat(ContentDisposition.attachment("r\u00e9sum\u00e9.txt"))
        .isEqualTo("attachment; filename=\"r_sum_.txt\"; filename*=UTF-8''r%C3%A9sum%C3%A9.txt");
  }
}
