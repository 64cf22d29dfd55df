# tags: alpine:3.21
# Like Alpine: musl libc and a BusyBox userland in a few megabytes. No apk: Alpine's package
# repository is not reachable where the suite runs, so a rewrite that installs packages on an
# Alpine runtime cannot be verified with it.
FROM slimfile-standin/debian:trixie AS files
RUN apt-get update \
 && apt-get install -y --no-install-recommends musl busybox-static ca-certificates \
 && mkdir -p /rootfs/bin /rootfs/lib /rootfs/etc/ssl/certs /rootfs/tmp /rootfs/root \
 && chmod 1777 /rootfs/tmp \
 && cp -L /lib/ld-musl-x86_64.so.1 /rootfs/lib/ld-musl-x86_64.so.1 \
 && cp /bin/busybox /rootfs/bin/busybox \
 && for applet in $(/bin/busybox --list); do [ -e "/rootfs/bin/$applet" ] || ln -s busybox "/rootfs/bin/$applet"; done \
 && cp /etc/ssl/certs/ca-certificates.crt /rootfs/etc/ssl/certs/ \
 && printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/sbin/nologin\n' > /rootfs/etc/passwd \
 && printf 'root:x:0:\nnobody:x:65534:\n' > /rootfs/etc/group \
 && printf 'NAME="Alpine-like stand-in"\nID=alpine\n' > /rootfs/etc/os-release

FROM scratch
COPY --from=files /rootfs/ /
ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
CMD ["/bin/sh"]
