package io.talus.agent.http;

/**
 * Why a files request cannot be served, with the status to answer: Mesos's {@code FilesError}
 * (INVALID → 400, UNAUTHORIZED → 403, NOT_FOUND → 404, UNKNOWN → 500). Thrown rather than
 * returned so that resolving and reading can stop at the first problem from any depth.
 */
final class FilesError extends Exception {

  private static final long serialVersionUID = 1L;

  private final int status;

  private FilesError(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  static FilesError invalid(String message) {
    return new FilesError(400, message);
  }

  static FilesError forbidden(String message) {
    return new FilesError(403, message);
  }

  static FilesError notFound(String message) {
    return new FilesError(404, message);
  }

  static FilesError unknown(String message) {
    return new FilesError(500, message);
  }

  int status() {
    return status;
  }
}
