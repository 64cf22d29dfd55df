FROM registry.access.redhat.com/ubi9/ubi-minimal:9.4 AS base
RUN microdnf install -y shadow-utils
FROM base AS tools
# `clean packages` keeps the metadata
RUN yum install -y tar && yum clean packages
FROM tools
RUN dnf -y --setopt install_weak_deps=False install git | tee /tmp/dnf.log
