package dev.outbox.cli.verify;

/** The rows of a digest view, one at a time, in {@link CodePointOrder} of their ids. */
interface DigestRows {

  /**
   * The next row, or null after the last.
   *
   * @throws VerifyException when the rows cannot be read
   */
  DigestRow next();
}
