# The Casework image: the API (default command) and the worker (`node dist/src/worker.js`) both run
# from it. Node.js 24 LTS; runs as the unprivileged `node` user; no secret is baked in (they come
# from the environment or from files, *_FILE).
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:24-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/dist dist
COPY --from=build /app/package.json package.json
USER node
EXPOSE 3000 9464
# The API's liveness; the worker's service overrides it with its metrics endpoint.
HEALTHCHECK --interval=10s --timeout=3s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "dist/src/main.js"]
