//! The Backups part of Settings: the collection's backups, a backup made now, and restoring
//! one after asking.

use iced::widget::{button, column, row, space, text};
use iced::{Alignment, Element, Fill, Task};

use crate::gui::store::{Store, StoreResult};
use crate::gui::theme::{self, size};
use crate::gui::widget;
use spool_core::app::{BackupInfo, BackupReason, Restored};

#[derive(Debug, Default)]
pub struct State {
    backups: Vec<BackupInfo>,
    folder: String,
    /// The backup the person chose to restore, until they confirm or cancel.
    confirming: Option<BackupInfo>,
    /// A backup or restore is running; its buttons wait.
    busy: bool,
    status: Option<Result<String, String>>,
}

#[derive(Debug, Clone)]
pub enum Message {
    Loaded(StoreResult<(Vec<BackupInfo>, String)>),
    Create,
    Created(StoreResult<Option<BackupInfo>>),
    AskRestore(BackupInfo),
    CancelRestore,
    ConfirmRestore,
    Restored(StoreResult<Restored>),
}

/// The collection was replaced by a backup: every screen shows stale data until reloaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CollectionRestored;

impl State {
    pub fn load(&mut self, store: &Store) -> Task<Message> {
        Task::perform(
            store.call(|spool| {
                let folder = spool.backup_folder().display().to_string();
                Ok((spool.backups()?, folder))
            }),
            Message::Loaded,
        )
    }

    pub fn update(
        &mut self,
        message: Message,
        store: &Store,
    ) -> (Task<Message>, Option<CollectionRestored>) {
        match message {
            Message::Loaded(Ok((backups, folder))) => {
                self.backups = backups;
                self.folder = folder;
            }
            Message::Loaded(Err(error)) => {
                self.status = Some(Err(format!("The backups could not be listed: {error}")))
            }
            Message::Create => {
                self.busy = true;
                self.status = None;
                let create = store.call(|spool| spool.back_up(BackupReason::Requested));
                return (Task::perform(create, Message::Created), None);
            }
            Message::Created(result) => {
                self.busy = false;
                self.status = Some(match result {
                    Ok(Some(made)) => Ok(format!("Backed up and checked: {}", made.name)),
                    Ok(None) => Ok("No backup was needed.".into()),
                    Err(error) => Err(format!("No backup was made: {error}")),
                });
                return (self.load(store), None);
            }
            Message::AskRestore(backup) => {
                self.status = None;
                self.confirming = Some(backup);
            }
            Message::CancelRestore => self.confirming = None,
            Message::ConfirmRestore => {
                let Some(backup) = self.confirming.take() else {
                    return (Task::none(), None);
                };
                self.busy = true;
                let restore = store.call(move |spool| spool.restore(&backup.name));
                return (Task::perform(restore, Message::Restored), None);
            }
            Message::Restored(result) => {
                self.busy = false;
                return match result {
                    Ok(restored) => {
                        self.status = Some(Ok(format!(
                            "Restored the backup of {}. The collection as it was is kept as {}.",
                            when(&restored.restored),
                            restored.previous_state.name
                        )));
                        (self.load(store), Some(CollectionRestored))
                    }
                    Err(error) => {
                        self.status = Some(Err(format!("Nothing was restored: {error}")));
                        (self.load(store), None)
                    }
                };
            }
        }
        (Task::none(), None)
    }

    pub fn view(&self) -> Element<'_, Message> {
        let idle = |message: Message| (!self.busy).then_some(message);
        let mut list = column![].spacing(6);
        if self.backups.is_empty() {
            list = list.push(text("No backups yet.").style(theme::muted));
        }
        for backup in &self.backups {
            list = list.push(
                row![
                    text(when(backup)).width(Fill),
                    text(format!("{:.1} MB", backup.size_bytes as f64 / 1e6))
                        .size(size::SMALL)
                        .style(theme::muted),
                    button(text("Restore…"))
                        .padding([5, 12])
                        .style(theme::secondary)
                        .on_press_maybe(idle(Message::AskRestore(backup.clone()))),
                ]
                .spacing(14)
                .align_y(Alignment::Center),
            );
        }
        let mut page = column![
            text(format!(
                "Each backup is checked after it is written. They are kept in {}. Media files are never changed or deleted once added, so backups do not copy them.",
                self.folder
            ))
            .size(size::SMALL)
            .style(theme::muted),
            row![
                space().width(Fill),
                button(text("Back up now"))
                    .padding([8, 18])
                    .style(theme::secondary)
                    .on_press_maybe(idle(Message::Create)),
            ],
        ]
        .spacing(12);
        if let Some(backup) = &self.confirming {
            page = page.push(
                column![
                    text(format!(
                        "Replace the collection with the backup of {}? Everything since then is undone; the collection as it is now is backed up first.",
                        when(backup)
                    )),
                    row![
                        space().width(Fill),
                        button(text("Cancel"))
                            .padding([8, 18])
                            .style(theme::secondary)
                            .on_press(Message::CancelRestore),
                        button(text("Restore"))
                            .padding([8, 18])
                            .style(theme::danger)
                            .on_press_maybe(idle(Message::ConfirmRestore)),
                    ]
                    .spacing(10),
                ]
                .spacing(10),
            );
        }
        if let Some(status) = &self.status {
            page = page.push(widget::outcome(status));
        }
        page.push(list).into()
    }
}

fn when(backup: &BackupInfo) -> String {
    backup.made_at.format("%a %-d %b %Y, %H:%M:%S").to_string()
}
