//! Which methods each documented path accepts, so that a request with the wrong method gets 405
//! with an `Allow` header instead of a 404 (actix's method guards otherwise fall through).

use actix_web::http::Method;
use utoipa::openapi::OpenApi;

/// The documented paths and their methods.
#[derive(Debug, Clone, Default)]
pub struct KnownRoutes(Vec<(Vec<Segment>, Vec<&'static str>)>);

#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    Literal(String),
    Param,
}

fn parse_template(path: &str) -> Vec<Segment> {
    path.split('/')
        .map(|s| {
            if s.starts_with('{') && s.ends_with('}') {
                Segment::Param
            } else {
                Segment::Literal(s.to_owned())
            }
        })
        .collect()
}

impl KnownRoutes {
    /// Reads the paths and methods from the OpenAPI document.
    pub fn from_openapi(doc: &OpenApi) -> Self {
        let routes = doc
            .paths
            .paths
            .iter()
            .map(|(path, item)| {
                let mut methods = Vec::new();
                let ops = [
                    ("GET", item.get.is_some()),
                    ("HEAD", item.get.is_some()),
                    ("POST", item.post.is_some()),
                    ("PUT", item.put.is_some()),
                    ("PATCH", item.patch.is_some()),
                    ("DELETE", item.delete.is_some()),
                ];
                for (name, present) in ops {
                    if present {
                        methods.push(name);
                    }
                }
                (parse_template(path), methods)
            })
            .collect();
        Self(routes)
    }

    /// The methods `path` accepts, when it is a documented path and `method` is not one of them.
    pub fn allowed_other_than(&self, path: &str, method: &Method) -> Option<Vec<&'static str>> {
        let segments: Vec<&str> = path.split('/').collect();
        let (_, methods) = self.0.iter().find(|(template, _)| {
            template.len() == segments.len()
                && template.iter().zip(&segments).all(|(t, s)| match t {
                    Segment::Param => !s.is_empty(),
                    Segment::Literal(l) => l == s,
                })
        })?;
        (!methods.contains(&method.as_str())).then(|| methods.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_match_one_non_empty_segment_per_parameter() {
        let routes = KnownRoutes(vec![(parse_template("/api/v1/things/{id}"), vec!["GET"])]);
        assert!(routes
            .allowed_other_than("/api/v1/things/42", &Method::DELETE)
            .is_some());
        assert!(routes
            .allowed_other_than("/api/v1/things/", &Method::DELETE)
            .is_none());
        assert!(routes
            .allowed_other_than("/api/v1/things/42/x", &Method::DELETE)
            .is_none());
    }
}
