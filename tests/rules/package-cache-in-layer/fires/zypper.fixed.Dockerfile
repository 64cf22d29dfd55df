FROM opensuse/leap:15.6
# plain `zypper clean` deletes only downloaded packages, not the metadata
RUN zypper --non-interactive install -y curl && zypper clean && zypper clean -a
