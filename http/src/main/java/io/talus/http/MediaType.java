package io.talus.http;

/** The two body types Mesos v1 endpoints speak; every request and response carries one. */
public enum MediaType {
  JSON("application/json"),
  PROTOBUF("application/x-protobuf");

  private final String mime;

  MediaType(String mime) {
    this.mime = mime;
  }

  /** The MIME type as it appears in {@code Content-Type} and {@code Accept}. */
  public String mime() {
    return mime;
  }
}
