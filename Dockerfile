# syntax=docker/dockerfile:1
# Images of the reference deployment, all built from this repository:
#   docker build --target relay .         the outbox relay sidecar
#   docker build --target customer-app .  customer-app
#   docker build --target order-app .     order-app
#   docker build --target cli .           the operator commands of bin/outbox (compose runs `migrate`)
# docker-compose.yml builds each of them.

FROM maven:3.9-eclipse-temurin-17 AS build
# jOOQ codegen starts a throwaway PostgreSQL during the build; PostgreSQL refuses to run as root.
RUN useradd --create-home --uid 10001 builder
USER builder
WORKDIR /home/builder/src
COPY --chown=builder:builder . .
RUN mvn -B -q -DskipTests -Dspotless.check.skip=true package

FROM eclipse-temurin:17-jre AS runtime
RUN useradd --uid 10001 --no-create-home app \
 && apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
WORKDIR /app
USER app

FROM runtime AS relay
COPY --from=build /home/builder/src/outbox-relay/target/outbox-relay.jar /app/app.jar
EXPOSE 8091
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/app.jar"]

FROM runtime AS customer-app
COPY --from=build /home/builder/src/customer-app/target/customer-app.jar /app/app.jar
EXPOSE 8081
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/app.jar"]

FROM runtime AS order-app
COPY --from=build /home/builder/src/order-app/target/order-app.jar /app/app.jar
EXPOSE 8082
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/app.jar"]

FROM runtime AS cli
COPY --from=build /home/builder/src/outbox-cli/target/outbox-cli.jar /app/app.jar
# The event schemas, for `schema check` (it reads $OUTBOX_HOME/contracts).
COPY --from=build /home/builder/src/contracts /app/contracts
ENV OUTBOX_HOME=/app
ENTRYPOINT ["java", "-jar", "/app/app.jar"]
