# slimfile ignore=fat-base-image
FROM debian:bookworm
CMD ["bash"]
