# Production image: the SPA built with Node, the backend built with Rust, a slim runtime.

FROM node:20-bookworm-slim AS spa
WORKDIR /src/frontend
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend/ ./
COPY openapi.yaml /src/openapi.yaml
RUN npm run build

FROM rust:1.95-bookworm AS backend
RUN apt-get update && apt-get install -y --no-install-recommends libpq-dev && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Cargo.toml Cargo.lock ./
COPY backend/ backend/
COPY tests/ tests/
COPY openapi.yaml ./
RUN cargo build --release -p xuexin

FROM debian:bookworm-slim AS runtime
RUN apt-get update && apt-get install -y --no-install-recommends libpq5 ca-certificates curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --home /app --uid 10001 xuexin \
    && mkdir -p /data && chown xuexin /data
WORKDIR /app
COPY --from=backend /src/target/release/xuexin /usr/local/bin/xuexin
COPY --from=spa /src/frontend/dist /app/frontend/dist
USER xuexin
# Production unless told otherwise: dev mode would serve the dev mailbox (every reset link) and demo
# staff with published passwords, and refuses to listen on 0.0.0.0 anyway.
ENV APP_ENV=production \
    APP_LISTEN=0.0.0.0:8080 \
    APP_SPA_DIR=/app/frontend/dist \
    APP_DATA_DIR=/data \
    DATABASE_URL=sqlite:///data/xuexin.db
EXPOSE 8080
VOLUME ["/data"]
HEALTHCHECK --interval=15s --timeout=3s --retries=3 CMD curl -fsS http://127.0.0.1:8080/health || exit 1
ENTRYPOINT ["xuexin"]
CMD ["serve"]
