// blob_store.hpp — the server's file store (attachments, call recordings): content-addressed
// files on disk. A file's id is the lowercase hex SHA-256 of its bytes, so the same bytes
// uploaded twice are stored once and an upload is safe to retry. No HTTP here (blob_api.hpp
// serves it); docs/server.md ("Files on disk") has the layout.
//
//     <dir>/ab/<sha256>        the bytes (ab = the first two hex digits of the id)
//     <dir>/ab/<sha256>.json   {"type", "size", "uploader", "created_at"}: the first upload's
//     <dir>/tmp/up-<random>    uploads in progress; removed at start (left by a crash)
//
//     blob_store store("/var/lib/clientcard/files");    // creates the folders
//     auto up = store.begin_upload();                   // a temp file
//     up->write(bytes);                                 // hashed as it is written, any pieces
//     blob_store::put_result r = store.commit(*up, "audio/mpeg", "Anna", now_ms);
//     // r.meta.id, r.created (false: those bytes were there already)
//     std::optional<blob_meta> m = store.find(id);      // nullopt for an unknown or malformed id
//
// Crash-safe: the bytes and the record are each written to a temp file, fsynced and renamed
// into place (then the folder is fsynced), so a file is either complete or absent; a record is
// written only after its bytes are in place, and a file counts only with its record and the
// recorded size. Write errors throw blob_error and leave nothing behind. Thread-safe: any
// number of uploads at once; commits of the same bytes meet under a mutex.
#pragma once
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace cc::server {

struct blob_meta {
    std::string id;          // 64 lowercase hex digits
    std::string type;        // the Content-Type it is served with
    std::uint64_t size = 0;
    std::string uploader;    // the user who uploaded it first
    std::int64_t created_at = 0;  // ms since the epoch, of that first upload
};

// A failed read or write of the store; `error_number` is the errno (ENOSPC: the disk is full).
class blob_error : public std::runtime_error {
public:
    blob_error(int error_number, const std::string& what) : std::runtime_error(what), error_number(error_number) {}
    int error_number;
    bool disk_full() const;  // ENOSPC, EDQUOT or EFBIG (a file size limit)
};

class blob_store {
public:
    // Creates `dir`, `dir/tmp` (mode 0700) and removes what a crash left in `dir/tmp`. Throws
    // blob_error when the folder cannot be made or written.
    explicit blob_store(std::filesystem::path dir);

    // An upload in progress: a temp file, hashed as it is written. Destroying it before commit
    // removes the temp file.
    class upload {
    public:
        ~upload();
        upload(const upload&) = delete;
        upload& operator=(const upload&) = delete;
        void write(std::string_view bytes);  // throws blob_error
        std::uint64_t size() const { return size_; }

    private:
        friend class blob_store;
        upload() = default;
        std::filesystem::path path_;
        int fd_ = -1;
        std::uint64_t size_ = 0;
        void* sha_ = nullptr;   // EVP_MD_CTX
    };
    std::unique_ptr<upload> begin_upload();  // throws blob_error

    struct put_result {
        blob_meta meta;
        bool created = false;  // false: the same bytes were stored already (meta is theirs)
    };
    // Makes the upload a stored file: fsync, rename into place, the record. The upload's temp
    // file is gone afterwards, whatever happens. Throws blob_error (nothing left behind).
    put_result commit(upload& u, const std::string& type, const std::string& uploader, std::int64_t now_ms);

    // The record of a stored file; nullopt when `id` is malformed, unknown, or its bytes are
    // missing or not of the recorded size.
    std::optional<blob_meta> find(std::string_view id) const;
    // Where the bytes of `id` are (only for an id valid_id accepts).
    std::filesystem::path data_path(std::string_view id) const;

    const std::filesystem::path& dir() const { return dir_; }

    // Exactly 64 of 0-9 a-f: nothing else ever reaches the disk as a name.
    static bool valid_id(std::string_view id);

private:
    std::filesystem::path meta_path(std::string_view id) const;
    std::optional<blob_meta> read_meta(std::string_view id) const;

    std::filesystem::path dir_;
    std::mutex commit_mutex_;
};

}  // namespace cc::server
