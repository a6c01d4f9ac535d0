package io.talus.storage;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 over a record stream in key order (each key and value length-prefixed), so two stores with
 * the same records have the same digest whatever their files look like. Snapshots carry it; replicas
 * compare it.
 */
public final class RecordDigest implements RecordVisitor {

  private final MessageDigest sha;
  private final byte[] lengthBuf = new byte[4];
  private long records;

  public RecordDigest() {
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK always has SHA-256", e);
    }
  }

  @Override
  public void visit(byte[] key, byte[] value) {
    putLength(key.length);
    sha.update(key);
    putLength(value.length);
    sha.update(value);
    records++;
  }

  private void putLength(int n) {
    lengthBuf[0] = (byte) (n >>> 24);
    lengthBuf[1] = (byte) (n >>> 16);
    lengthBuf[2] = (byte) (n >>> 8);
    lengthBuf[3] = (byte) n;
    sha.update(lengthBuf);
  }

  public long records() {
    return records;
  }

  /** The digest of everything visited so far; the instance is spent afterwards. */
  public byte[] digest() {
    return sha.digest();
  }

  public static String hex(byte[] digest) {
    return HexFormat.of().formatHex(digest);
  }
}
