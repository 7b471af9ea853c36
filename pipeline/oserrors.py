"""What an operating-system error means for the clerk, in Vietnamese.

>>> describe(PermissionError(13, "Permission denied"))
'không có quyền (tệp hoặc thư mục bị khóa, chỉ đọc, hoặc thuộc người dùng khác)'
"""

from __future__ import annotations

import errno

MEANINGS = {
    errno.ENOSPC: "ổ đĩa đã đầy; hãy giải phóng chỗ trống rồi chạy lại",
    errno.EDQUOT: "đã hết hạn mức dung lượng của người dùng; hãy giải phóng chỗ trống rồi chạy lại",
    errno.EACCES: "không có quyền (tệp hoặc thư mục bị khóa, chỉ đọc, hoặc thuộc người dùng khác)",
    errno.EPERM: "không được phép thay đổi (tệp bị khóa, chỉ đọc hoặc đặt thuộc tính không sửa được)",
    errno.EROFS: "ổ đĩa chỉ cho đọc, không ghi được",
    errno.ENOENT: "không tìm thấy tệp hoặc thư mục",
    errno.EISDIR: "đã có một thư mục trùng tên với tệp cần ghi; hãy xóa hoặc đổi tên thư mục đó",
    errno.ENOTDIR: "một phần của đường dẫn là tệp chứ không phải thư mục; hãy xóa hoặc đổi tên tệp đó",
    errno.ENOTEMPTY: "thư mục không trống",
    errno.EEXIST: "đã có tệp hoặc thư mục trùng tên",
    errno.ENAMETOOLONG: "tên tệp quá dài",
    errno.ELOOP: "liên kết (symlink) vòng quanh, trỏ về chính nó",
    errno.EXDEV: "thư mục kết quả nằm trên hai ổ đĩa khác nhau; không chuyển tệp an toàn được",
    errno.EIO: "lỗi đọc ghi của ổ đĩa",
    errno.EBUSY: "tệp đang được chương trình khác dùng",
    errno.ETXTBSY: "tệp đang được chương trình khác dùng",
    errno.EMFILE: "mở quá nhiều tệp cùng lúc",
    errno.EPIPE: "nơi nhận kết quả (màn hình hay lệnh phía sau) đã đóng",
    errno.EBADF: "nơi nhận kết quả (màn hình hay lệnh phía sau) đã đóng",
}


def describe(exc: OSError) -> str:
    """Return what an OSError means, in Vietnamese, with the file name when it has one."""
    meaning = MEANINGS.get(exc.errno or 0, f"lỗi hệ thống (mã {exc.errno})" if exc.errno else "lỗi hệ thống")
    return meaning
