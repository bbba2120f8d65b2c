/**
 * Test support for the platform's services, depended on with test scope: {@link
 * dev.outbox.testing.HttpTestClient}, {@link dev.outbox.testing.AppFixture} (an app on the embedded
 * stack with its own consumer and topic), the abstract {@link dev.outbox.testing.EventContract} and
 * {@link dev.outbox.testing.DeadLetterApiContract} (final test methods, one subclass per app), and
 * {@link dev.outbox.testing.BadRequests}.
 */
package dev.outbox.testing;
