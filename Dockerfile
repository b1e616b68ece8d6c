# ecs-medic on a small Debian base: the release binary (Swift runtime and Foundation linked in, see
# scripts/build-release.sh) needs only the C library, libcurl, libxml2 and CA certificates at run time.
# scripts/image.sh builds it: it stages the binary as ./ecs-medic in the build context.
FROM debian:bookworm-slim

# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates libcurl4 libxml2 \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --user-group --create-home --home-dir /home/ecs-medic --shell /usr/sbin/nologin ecs-medic

COPY --chmod=755 ecs-medic /usr/local/bin/ecs-medic

USER 10001:10001
WORKDIR /work
ENTRYPOINT ["/usr/local/bin/ecs-medic"]
CMD ["--help"]
