# The stylesheet and scripts are built from npm packages (never committed): a stage of their own.
FROM node:22-bookworm-slim AS assets
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY assets ./assets
RUN npm run build

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
# PostgreSQL's client programs (bookworm's 15, the db service's major version): manage.py backup
# and restore run pg_dump and pg_restore.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b fonts-dejavu-core fonts-liberation2 \
       postgresql-client \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml README.md ./
RUN pip install --no-cache-dir .
COPY . .
COPY --from=assets /app/static/build ./static/build
# Collected under the production settings, whose storage writes the hashed names' manifest that
# production pages look up (collected under base, every page is a 500). Production refuses to
# load without its secrets, so this one step gets placeholders: they are no ENV, so the image
# keeps none of them, and nothing here connects to a database or Redis.
RUN DJANGO_SETTINGS_MODULE=config.settings.production \
    SECRET_KEY=build-time-placeholder-for-collectstatic-only-never-used-to-sign-anything \
    ALLOWED_HOSTS=build.invalid \
    DATABASE_URL=postgres://build@build.invalid:5432/build \
    REDIS_URL=redis://build.invalid:6379/0 \
    python manage.py collectstatic --no-input \
    && test -f staticfiles/staticfiles.json
RUN useradd --system --uid 1000 tracker && mkdir -p /app/media && chown tracker /app/media
USER tracker
EXPOSE 8000
