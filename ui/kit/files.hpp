// files.hpp — files in the card's sections: the upload queue's rows (name, size, a progress bar,
// why one failed with "Retry" and "Remove"), a stored file with "Download", the button that opens
// the host's file picker, and the player of a call's recording (play/pause, a seek slider, speed,
// position/duration). All of it reads the model and sends actions (core/app/files.cpp acts).
#pragma once
#include <string>
#include <vector>

#include "core/app.hpp"
#include "ui/view.hpp"

namespace ui {

// Where the core shows a refusal about a target's files (as core/app/files.cpp names it).
std::string files_source(const std::string& client_id, const std::string& record_id);
// "Attach recording" / "Attach file": asks the host's file picker for `field` of the target.
void pick_button(view& v, const std::string& label, const std::string& client_id, const std::string& record_id,
                 const std::string& field);
// One row per upload: name (size), then its state (a progress bar while sending).
void upload_rows(view& v, const std::vector<const cc::upload*>& list);
// A stored file: name (size) and "Download" (a ticket URL of our server, opened by the host).
void file_row(view& v, const cc::json& file);
// The player of one recording: play/pause, seek slider, speed 1×–2×, "0:07 / 1:32".
void player(view& v, const cc::record& call, const cc::json& recording);
// "1:05" for 65.3 seconds; "1:02:05" past an hour.
std::string clock_text(double seconds);

}  // namespace ui
