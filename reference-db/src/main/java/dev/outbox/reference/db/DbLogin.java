package dev.outbox.reference.db;

import java.util.Objects;

/** A user name and password for PostgreSQL. Its {@link #toString()} never shows the password. */
public record DbLogin(String user, String password) {

  public DbLogin {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
    if (user.isBlank()) {
      throw new IllegalArgumentException("user cannot be blank");
    }
  }

  @Override
  public String toString() {
    return "DbLogin[user=" + user + ", password=<masked>]";
  }
}
