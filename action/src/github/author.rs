//! Who the token posts as: a run matches its markers only in comments by this account, so a
//! person who quotes a marker (or another bot that copies one) is never edited or deleted.

use serde::Deserialize;

use super::client::Api;

/// The login `GITHUB_TOKEN` posts as, when the token says nothing else.
pub const ACTIONS_BOT: &str = "github-actions[bot]";

/// The token's login: `GET /user` for a personal token; GraphQL's `viewer` for an app's
/// installation token (such as `GITHUB_TOKEN`, for which `/user` answers 403), which names
/// the app's bot (`slug[bot]`); else the Actions bot.
pub async fn login(api: &Api) -> String {
    #[derive(Deserialize)]
    struct User {
        login: String,
    }
    #[derive(Deserialize)]
    struct Viewer {
        viewer: User,
    }
    if let Ok(user) = api.get::<User>("/user").await {
        return user.login;
    }
    match api.graphql::<Viewer>("query { viewer { login } }", serde_json::json!({})).await {
        Ok(Viewer { viewer }) => viewer.login,
        Err(error) => {
            println!("slimfile: could not tell which account the token posts as ({error}); assuming {ACTIONS_BOT}");
            ACTIONS_BOT.to_owned()
        }
    }
}
