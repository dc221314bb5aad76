# Breaks BuildKit rules on purpose: FromAsCasing, LegacyKeyValueFormat, UndefinedVar, JSONArgsRecommended.
FROM debian:bookworm-slim as base
ENV MODE production
WORKDIR /app/$UNDEFINED_DIR
CMD echo "$MODE"
