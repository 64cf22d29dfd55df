# tags: gcr.io/distroless/cc-debian12 gcr.io/distroless/cc-debian13
# Like distroless cc: distroless static plus glibc and libgcc, still no shell.
FROM slimfile-standin/debian:trixie AS files
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates \
 && mkdir -p /rootfs/etc/ssl/certs /rootfs/tmp /rootfs/home/nonroot /rootfs/usr/bin /rootfs/usr/lib /rootfs/usr/lib64 /rootfs/usr/sbin \
 && chmod 1777 /rootfs/tmp \
 && for link in bin lib lib64 sbin; do ln -s usr/$link /rootfs/$link; done \
 && cp /etc/ssl/certs/ca-certificates.crt /rootfs/etc/ssl/certs/ \
 && printf 'root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n' > /rootfs/etc/passwd \
 && printf 'root:x:0:\nnonroot:x:65532:\n' > /rootfs/etc/group \
 && dpkg -L libc6 libgcc-s1 | while read -r path; do \
      if [ -f "$path" ] || [ -L "$path" ]; then cp -a --parents "$path" /rootfs; fi; \
    done \
 && rm -rf /rootfs/usr/share/doc /rootfs/usr/share/lintian

FROM scratch
COPY --from=files /rootfs/ /
