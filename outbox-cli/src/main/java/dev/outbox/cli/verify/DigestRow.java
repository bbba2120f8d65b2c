package dev.outbox.cli.verify;

import java.util.Objects;

/**
 * One row of a digest view: an aggregate, its version and the digest of its replicated columns.
 *
 * @param id {@code aggregate_id}
 * @param version {@code aggregate_version}
 * @param digest {@code digest}; compared as text, never interpreted
 */
public record DigestRow(String id, long version, String digest) {

  public DigestRow {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(digest, "digest");
  }
}
