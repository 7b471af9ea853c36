"""The warm loop of ``make xem``: watch the year's files, rebuild on save with LibreOffice kept warm, show the page."""
