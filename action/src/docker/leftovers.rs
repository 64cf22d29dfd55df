//! Removes what a verification created when it ends, however it ends: the guard's `Drop` runs on
//! success, on an early return and on a panic unwinding.

use super::cli::Docker;

/// The images and containers a verification has created so far.
pub struct Leftovers<'a> {
    docker: &'a Docker,
    images: Vec<String>,
    containers: Vec<String>,
}

impl<'a> Leftovers<'a> {
    /// Nothing created yet.
    pub fn new(docker: &'a Docker) -> Self {
        Self { docker, images: Vec::new(), containers: Vec::new() }
    }

    /// Records an image to remove; returns its name.
    pub fn image(&mut self, name: String) -> String {
        self.images.push(name.clone());
        name
    }

    /// Records a container to remove; returns its name.
    pub fn container(&mut self, name: String) -> String {
        self.containers.push(name.clone());
        name
    }
}

impl Drop for Leftovers<'_> {
    fn drop(&mut self) {
        for container in &self.containers {
            self.docker.remove_container(container);
        }
        for image in self.images.iter().rev() {
            self.docker.remove_image(image);
        }
    }
}
