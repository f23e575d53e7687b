//! Files that wait on the device for a connection — a photo taken in a village with no signal —
//! kept in the browser's IndexedDB until they are sent. Each file belongs to the signed-in account
//! (`storage::owner`) and to a place (a case's act): another account on the same tablet never
//! sees it, and it stays until it is sent or refused, whatever happens to the page meanwhile.
//! Browser-only; on the server there is nothing waiting.

/// A file waiting to be sent.
#[derive(Debug, Clone, PartialEq)]
pub struct WaitingFile {
    /// Its key on the device.
    pub key: f64,
    pub place: String,
    pub name: String,
    pub content_type: String,
    pub bytes: Vec<u8>,
    /// When it was put aside (milliseconds since 1970).
    pub added_at: f64,
}

#[cfg(feature = "hydrate")]
mod browser {
    use super::WaitingFile;
    use idb::{Database, DatabaseEvent, Factory, ObjectStoreParams, TransactionMode};
    use js_sys::{Object, Reflect, Uint8Array};
    use wasm_bindgen::{JsCast, JsValue};

    const DATABASE: &str = "opora";
    const STORE: &str = "waiting_files";

    fn failed(e: impl std::fmt::Display) -> String {
        format!("Хранилище планшета недоступно: {e}")
    }

    async fn open() -> Result<Database, String> {
        let factory = Factory::new().map_err(failed)?;
        let mut request = factory.open(DATABASE, Some(1)).map_err(failed)?;
        request.on_upgrade_needed(|event| {
            if let Ok(database) = event.database() {
                let mut params = ObjectStoreParams::new();
                params.auto_increment(true);
                let _ = database.create_object_store(STORE, params);
            }
        });
        request.await.map_err(failed)
    }

    fn field(value: &JsValue, name: &str) -> JsValue {
        Reflect::get(value, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
    }

    fn text(value: &JsValue, name: &str) -> String {
        field(value, name).as_string().unwrap_or_default()
    }

    /// Puts a file aside for `owner`; its key.
    pub async fn put_aside(
        owner: &str,
        place: &str,
        name: &str,
        content_type: &str,
        bytes: &[u8],
    ) -> Result<f64, String> {
        let record = Object::new();
        let set = |k: &str, v: JsValue| Reflect::set(&record, &JsValue::from_str(k), &v).map(|_| ());
        set("owner", JsValue::from_str(owner)).map_err(|_| failed("запись"))?;
        set("place", JsValue::from_str(place)).map_err(|_| failed("запись"))?;
        set("name", JsValue::from_str(name)).map_err(|_| failed("запись"))?;
        set("content_type", JsValue::from_str(content_type)).map_err(|_| failed("запись"))?;
        set("bytes", Uint8Array::from(bytes).into()).map_err(|_| failed("запись"))?;
        set("added_at", JsValue::from_f64(js_sys::Date::now())).map_err(|_| failed("запись"))?;
        let database = open().await?;
        let transaction = database.transaction(&[STORE], TransactionMode::ReadWrite).map_err(failed)?;
        let store = transaction.object_store(STORE).map_err(failed)?;
        let key = store.add(&record, None).map_err(failed)?.await.map_err(failed)?;
        transaction.commit().map_err(failed)?.await.map_err(failed)?;
        database.close();
        key.as_f64().ok_or_else(|| failed("ключ"))
    }

    /// The files of `owner` waiting for `place`, oldest first.
    pub async fn waiting(owner: &str, place: &str) -> Result<Vec<WaitingFile>, String> {
        let database = open().await?;
        let transaction = database.transaction(&[STORE], TransactionMode::ReadOnly).map_err(failed)?;
        let store = transaction.object_store(STORE).map_err(failed)?;
        let keys = store.get_all_keys(None, None).map_err(failed)?.await.map_err(failed)?;
        let values = store.get_all(None, None).map_err(failed)?.await.map_err(failed)?;
        transaction.await.map_err(failed)?;
        database.close();
        Ok(keys
            .into_iter()
            .zip(values)
            .filter(|(_, v)| text(v, "owner") == owner && text(v, "place") == place)
            .filter_map(|(key, v)| {
                let bytes = field(&v, "bytes").dyn_into::<Uint8Array>().ok()?.to_vec();
                Some(WaitingFile {
                    key: key.as_f64()?,
                    place: text(&v, "place"),
                    name: text(&v, "name"),
                    content_type: text(&v, "content_type"),
                    bytes,
                    added_at: field(&v, "added_at").as_f64().unwrap_or_default(),
                })
            })
            .collect())
    }

    /// Forgets a file once it is sent (or refused for good).
    pub async fn forget(key: f64) -> Result<(), String> {
        let database = open().await?;
        let transaction = database.transaction(&[STORE], TransactionMode::ReadWrite).map_err(failed)?;
        let store = transaction.object_store(STORE).map_err(failed)?;
        store.delete(JsValue::from_f64(key)).map_err(failed)?.await.map_err(failed)?;
        transaction.commit().map_err(failed)?.await.map_err(failed)?;
        database.close();
        Ok(())
    }

    /// A picture of the file for the page (an object URL), to show what waits.
    pub fn preview(file: &WaitingFile) -> Option<String> {
        let parts = js_sys::Array::of1(&Uint8Array::from(file.bytes.as_slice()));
        let options = web_sys::BlobPropertyBag::new();
        options.set_type(&file.content_type);
        let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options).ok()?;
        web_sys::Url::create_object_url_with_blob(&blob).ok()
    }
}

#[cfg(feature = "hydrate")]
pub use browser::*;
